package workspace

// AmendValue is amendValue, for tests.
var AmendValue = amendValue
