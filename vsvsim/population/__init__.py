"""The population: students, schools, programmes, classes, contexts and friendships."""
