def axes_username(request, credentials):
    """The address as django-axes counts failed logins: lower-cased, since logins ignore case."""
    data = credentials or getattr(request, "data", request.POST)
    value = data.get("username")
    return value.strip().lower() if isinstance(value, str) else value
