"""Sessions signed in before `org.backends.UserBackend` name Django's ModelBackend, which is no longer listed in
AUTHENTICATION_BACKENDS: Django would treat their users as signed out. Point them at the new backend, so that
deploying this release logs nobody out (and nothing typed into an open form is lost)."""

from typing import Any

from django.db import migrations

OLD = "django.contrib.auth.backends.ModelBackend"
NEW = "loa.org.backends.UserBackend"


def _rename(apps: Any, old: str, new: str) -> None:
    from django.contrib.sessions.backends.db import SessionStore

    session_model = apps.get_model("sessions", "Session")
    store = SessionStore()
    for session in session_model.objects.iterator():
        data = store.decode(session.session_data)  # {} for anything unreadable: left as it is
        if data.get("_auth_user_backend") == old:
            data["_auth_user_backend"] = new
            session.session_data = store.encode(data)
            session.save(update_fields=["session_data"])


def forwards(apps: Any, schema_editor: Any) -> None:
    _rename(apps, OLD, NEW)


def backwards(apps: Any, schema_editor: Any) -> None:
    _rename(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial"), ("sessions", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
