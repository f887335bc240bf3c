"""Generate docs/rules.md from the catalogue: the page SARIF help URIs point at.

Run `python -m svcstd.rules_doc > docs/rules.md`; a test keeps the committed copy current.
"""

from __future__ import annotations

from svcstd.catalogue import BASES, Catalogue, basis_sentence, load_catalogue


def anchor(rule_id: str) -> str:
    return rule_id.lower().replace(".", "")


def render(catalogue: Catalogue) -> str:
    out = ["# svcstd rules", "", "Generated from the standards catalogue by `python -m svcstd.rules_doc`; do not edit.", "",
           "Every rule says how firmly its source asks (its *basis*):", ""]
    out += [f"* **{name}**: {meaning}" for name, meaning in BASES.items()]
    out += [""]
    for standard in catalogue.standards:
        out += [f"## {standard.id}: {standard.title}", "", f"*{catalogue.packs[standard.pack]}, {standard.clause}*", "",
                f"> {standard.requirement}", ""]
        if standard.missing_from_source:
            out += ["Missing from source: svcstd checks nothing for this standard.", ""]
        for item in standard.unchecked:
            out += [f"Not checked: \"{item.quote}\" {item.reason}", ""]
        for rule in standard.rules:
            clause = f" ({rule.clause})" if rule.clause != standard.clause else ""
            out += [f"### {rule.id}", "", f"**{rule.title}** ({rule.severity}; basis: {rule.basis}){clause}", "",
                    f"**What it checks.** {rule.message}", "", f"**Why it matters.** {rule.why}", "",
                    f"**Basis.** This rule is {basis_sentence(rule)}", "",
                    f"**Fix.** {rule.fix}", "", "```yaml", rule.example.rstrip(), "```", ""]
    return "\n".join(out)


if __name__ == "__main__":
    print(render(load_catalogue()), end="")
