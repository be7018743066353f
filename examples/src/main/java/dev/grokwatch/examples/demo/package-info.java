/**
 * Small example programs, each readable on its own and runnable with an optional step count
 * ({@code java -cp grokwatch.jar dev.grokwatch.examples.demo.QuickStart 500}): the listener on an
 * ordinary DL4J network, DL4J's early-stopping trainer ended by grokwatch's conditions, the Transformer
 * against the MLP, S5 composition, the representation-mixing intervention (arXiv 2604.13123, §6), and the
 * five-step calibration protocol on a plain DL4J model (appendix D.1).
 * Each repeats its own listener setup on purpose, so that a reader needs no other file.
 */
package dev.grokwatch.examples.demo;
