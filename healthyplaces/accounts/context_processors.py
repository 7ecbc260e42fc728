from .permissions import roles_of


def roles(request):
    """The signed-in person's roles, for showing or hiding links (views still check)."""
    user_roles = roles_of(getattr(request, "user", None))
    return {"user_roles": user_roles, "is_staff_role": bool(user_roles & {"admin", "officer", "analyst"})}
