run_as = 0
