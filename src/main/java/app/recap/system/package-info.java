/**
 * Cross-cutting setup: the clock, security filter chains, web configuration. Nothing depends on this package.
 */
package app.recap.system;
