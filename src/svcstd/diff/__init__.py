"""`svcstd diff`: did any promise to the public get weaker between two versions of a charter?

`facts` reads a charter's promises (which facts, and which way is better,
are data in schemas/promises.json), `compare` classifies each change and
matches weakenings to the charter's own `changes:` log, `versions` reads the
old version from a file or from git, and `output` writes the table, JSON,
Markdown, SARIF and GitHub annotations.
"""
