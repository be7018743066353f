package dev.grokwatch.examples.reproduce;

import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * The one line a reproduction prints when it is stopped while training (SIGTERM, Ctrl-C: the JVM ends through its
 * shutdown hooks): its finished runs are kept, and the same command resumes it.
 */
final class ResumeNotice {

    private ResumeNotice() {
    }

    /** Runs {@code training} with the notice armed: printed to {@code out} if the JVM is stopped meanwhile. */
    static <T> T during(ReproductionPlan plan, PrintWriter out, Supplier<T> training) {
        Thread notice = new Thread(() -> {
            out.println(line(plan));
            out.flush();
        }, "grokwatch-reproduce-stopped");
        Runtime.getRuntime().addShutdownHook(notice);
        try {
            return training.get();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(notice);
            } catch (IllegalStateException stopping) {
                // the JVM is already ending: the notice prints
            }
        }
    }

    /** E.g. {@code stopped: the finished runs in runs/reproduction/runs are kept; grokwatch reproduce ... resumes}. */
    static String line(ReproductionPlan plan) {
        return "stopped: the finished runs in " + ReproductionPlan.runsRoot(plan.out()) + " are kept; the same command ("
                + plan.reproduceCommand() + ") resumes, training the runs that did not finish";
    }
}
