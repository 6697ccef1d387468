"""``claimtrack serve``: the claims database in Datasette (optional extra ``claimtrack[serve]``).

command.py   the click command and the read-only Datasette it starts
metadata.py  Datasette metadata from claimtrack's reports, tables and views (no Datasette import)
plugin.py    the Datasette plugin: claim and source pages, links from cells, the reports' parameters
pages.py     the pages' highlighted story text and inline SVG drawings (no Datasette import)
templates/   the pages' Jinja templates, extending Datasette's
"""
