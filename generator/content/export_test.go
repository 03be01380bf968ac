package content

// FrontTargets exposes frontTargets to the tests of package content_test,
// which may import the corpus generator.
var FrontTargets = frontTargets
