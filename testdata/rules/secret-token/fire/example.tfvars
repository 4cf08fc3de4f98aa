# An example to copy, but an issued token is live wherever it is written.
github_owner = "acme"
github_token = "ghp_Zr4mQ8xT2wLk9PbV7nYc3HsJd6Fg1aRtEu5K"
