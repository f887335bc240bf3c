"""`svcstd edit`: a department head writes and fixes a charter in a web form, judged live by the same rules as check.

form.py makes the form from the charter schema and reads it back; session.py
judges and saves; save.py writes into the person's own YAML text; page.py and
templates/ are the pages; server.py is the local server that keeps it private.
"""
