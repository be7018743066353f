/**
 * What a model learns: a {@link dev.grokwatch.models.tasks.GroupTask} (a binary operation on a finite
 * set, named by its {@link dev.grokwatch.models.tasks.TaskFamily}, which also owns whether the task has a
 * modulus and its default threshold H̃*), and its {@link dev.grokwatch.models.tasks.GroupDataset}: every
 * pair {@code [a, b, =]} split into training and test sets, sampled minibatches and the listener's probe,
 * the same on every machine for a seed.
 */
package dev.grokwatch.models.tasks;
