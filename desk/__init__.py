"""The officials' desk: server-rendered pages under /desk and a JSON API under /api/v1, served by
the gateway process over the same database (see `desk.app.setup_desk`)."""
