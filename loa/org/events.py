"""What org's writes announce to the apps above it on the ladder.

Org cannot call those apps (they import org, not the other way round), so its services send these
signals themselves, inside their transaction, once the change is saved. Only org's services send
them: a unit changed any other way is not announced, which is why every write goes through them
(the admin site included).
"""

from django.dispatch import Signal

# Sent with `units`, the saved units whose type changed. Figures stored by unit type (activity's
# summaries) are recomputed by the listener in the same transaction.
units_retyped = Signal()
