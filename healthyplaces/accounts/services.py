"""What the accounts part does: make people and organisations, give roles."""
import secrets

from django.db import transaction

from .models import Membership, Organisation, Role, User

HOST_ORGANISATION = "Healthy Places (platform administration)"


@transaction.atomic
def create_person(username, *, role, organisation, password=None, email="", display_name=""):
    """Create a person with one role in an organisation (made if new). Returns (user, password)."""
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}; choose one of: {', '.join(Role.values)}")
    password = password or secrets.token_urlsafe(12)
    if isinstance(organisation, str):
        organisation, _ = Organisation.objects.get_or_create(
            name=organisation, defaults={"kind": Organisation.Kind.COUNCIL}
        )
    user = User(username=username, email=email, display_name=display_name, is_staff=role == Role.ADMIN)
    user.set_password(password)
    user.save()
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user, password


def ensure_admin(username="admin"):
    """The first administrator. Returns the new password, or None if the person already exists."""
    if User.objects.filter(username=username).exists():
        return None
    user, password = create_person(username, role=Role.ADMIN, organisation=HOST_ORGANISATION)
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    return password
