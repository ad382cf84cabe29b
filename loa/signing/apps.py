from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "loa.signing"
    label = "signing"
    verbose_name = _("Chữ ký số")

    def ready(self) -> None:
        import logging
        import warnings

        # pyHanko logs every routine verdict (untrusted, changed after signing) at ERROR with a traceback; Loa reports
        # the verdicts itself.
        logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
        logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
        # pyHanko imports cryptography's DSA key type, which cryptography marks deprecated: a note for pyHanko's
        # maintainers, printed on every command that verifies.
        warnings.filterwarnings("ignore", message="DSA is deprecated")
