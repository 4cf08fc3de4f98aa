# Loaded last of the three: its value applies.
run_as = 1001
