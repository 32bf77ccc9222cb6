"""The local web application and JSON API: one set of views, rendered as HTML pages or JSON.

Home of the application (routes), its templates and static files. Calls the same library functions as the CLI;
depends on every stage below it and is imported only by the CLI's ``serve`` command.
"""
