"""One module per output format; each turns the same list of FileResults into text."""
