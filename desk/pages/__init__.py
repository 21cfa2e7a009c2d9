"""Server-rendered desk pages (Jinja2 templates in desk/templates)."""
