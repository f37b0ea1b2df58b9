"""Who acts when no person does."""


class SystemActor:
    """The platform itself, acting from a command-line tool or a scheduled task (imports, the demo loader, periodic
    jobs). It may do anything a province-wide administrator may; its audit entries read 系统."""

    is_superuser = True
    is_staff = False
    is_active = True
    is_authenticated = False
    is_anonymous = False
    pk = None
    id = None

    def __str__(self) -> str:
        return "系统"


SYSTEM = SystemActor()
