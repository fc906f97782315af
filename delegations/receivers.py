"""What delegations does when the apps below it announce a change (connected in DelegationsConfig.ready)."""

from django.dispatch import receiver

from ccm_portal.meetings.signals import category_inputs_changed

from .services import refresh_state_categories


@receiver(category_inputs_changed, dispatch_uid="delegations.refresh_state_categories")
def recategorise_state_delegations(sender, *, meetings=None, **kwargs) -> int:
    """The register or a meeting's start date changed: re-derive the state delegations' categories."""
    return refresh_state_categories(meetings=meetings)
