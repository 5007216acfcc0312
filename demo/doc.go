// Package demo loads the peace-talks workspace of `parley demo`: the example scenario's
// parties and invented profiles, the U.S. 28-point draft and the 22-point revision after
// Geneva (merges, drops and undisclosed points), the European 24-point counter-proposal as
// a rival draft, the Geneva talks and the Moscow meeting as sessions, and some stances. It
// plays the history through the workspace services, as each member would.
//
// Everything is illustrative: the texts summarise public reporting, every preference is
// invented. It must not import net/http or a storage package.
package demo
