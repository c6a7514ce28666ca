"""What every feature stands on, one concern a module: database, HTTP, tokens, languages, forms,
templates, errors, commands, retention and the registry through which features add their parts."""
