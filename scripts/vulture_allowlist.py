"""What vulture (`vulture src/svcstd scripts/vulture_allowlist.py --min-confidence 60`) reports as unused, and why
each is used after all. .ci/run runs it, so new dead code fails CI and each name here has its reason.

Names only: vulture reads this file as code that uses them (it is never imported).
"""
# ruff: noqa: B018, F821

# svcstd.api's Severity members: the public API's values, read by the scripts that call it
ERROR
WARNING
INFO

# the output registry (svcstd/formats.py) names every writer as "module:attribute", imported when used
GithubReporter
GitlabReporter
JsonReporter
JunitReporter
MarkdownReporter
SarifReporter
github
sarif_text
write_table
write_list
markdown_catalogue
json_catalogue
render_json
render_markdown
html_pages
markdown_pages
json_pages

# each computed check's RULES: read by name in svcstd.checks and by tests/checks/test_rules_and_checks_agree.py
RULES

# typer registers commands and options by decorator and reads the --version callback's parameter
_root
version
show_config
init
list_standards

# ElementTree's element tail (JUnit's indentation), set for the serializer to read
_.tail

# Jinja2's bytecode cache protocol, called by Jinja2
_.load_bytecode
_.dump_bytecode

# read by the page and portfolio templates (render/templates, report/templates), not by Python
_.html_lang
href
_.media_type
public_holidays
_.shows_reception
within_working_days
within_minutes
target_percent
frequency
latest_period
latest_value
next_review
charter_url
replies_include_contact
extensions_by_agreement_only
_.sections
baseline_file
_.overdue
_.new_departments
overdue

# the log columns: scripts/generate_logs.py writes the example logs with them
CORRESPONDENCE_COLUMNS
COMPLAINT_COLUMNS

# kept as the definitions the optimised code is tested against: percentile (for percentile_of_counts, which never
# builds the list), measure_standard (one standard from one log, what measure_log feeds many tallies at once) and
# quick_valid (the fast path's own answer, which tests/test_validation.py holds to the exact validator's)
percentile
measure_standard
_.quick_valid
# the whole portfolio.json as one text (report streams it with write_json): for library use and the tests that read it
as_json_text

# svcstd edit: what the standard library's HTTP server calls by name (do_GET, do_POST, log_message, handle_error,
# the class attributes it reads), ruamel's settings read by its dumper, and a field the editor's templates read
do_GET
do_POST
log_message
handle_error
server_version
sys_version
daemon_threads
_.RequestHandlerClass
_.preserve_quotes
item_title
_.item_title
