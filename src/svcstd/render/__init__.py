"""`svcstd render`: public charter pages (accessible HTML, Markdown) from the charter YAML."""
