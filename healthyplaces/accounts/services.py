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


def people_in(organisations):
    """The active people who hold a role in any of these organisations (ids, or a queryset of them)."""
    return User.objects.filter(is_active=True, memberships__organisation__in=organisations).distinct()


def roles_held(user):
    """The person's roles, each with its organisation and the areas that organisation covers (their account page)."""
    return user.memberships.select_related("organisation").prefetch_related("organisation__areas")


def ensure_admin(username="admin"):
    """The first administrator. Returns the new password, or None if the person already exists."""
    if User.objects.filter(username=username).exists():
        return None
    user, password = create_person(username, role=Role.ADMIN, organisation=HOST_ORGANISATION)
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    return password


@transaction.atomic
def set_areas(name, codes, *, kind=Organisation.Kind.COUNCIL):
    """Say which local authorities an organisation covers (made if new, as a council unless told otherwise):
    its officers and analysts then act on the records in those areas. Returns the organisation."""
    authorities = Organisation._meta.get_field("areas").related_model.objects
    codes = [code.strip().upper() for code in codes if code.strip()]
    found = set(authorities.filter(code__in=codes).values_list("code", flat=True))
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValueError(f"No local authority has the code {', '.join(unknown)}: load England first, or check the code.")
    organisation, _ = Organisation.objects.get_or_create(name=name.strip(), defaults={"kind": kind})
    organisation.areas.set(codes)
    return organisation
