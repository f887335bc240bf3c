"""`svcstd fix`: the safe edits `safe_edits` plans, spliced into a charter and written back (`apply`)."""
