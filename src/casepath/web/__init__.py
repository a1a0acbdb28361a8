"""The web interface: one FastAPI application serving the REST API (/api/v1) and the pages.

`create_app()` builds it (casepath.web.app); `serve()` runs it (casepath.web.server).
"""
