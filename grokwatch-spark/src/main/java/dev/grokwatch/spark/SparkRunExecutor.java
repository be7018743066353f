package dev.grokwatch.spark;

import dev.grokwatch.examples.sweep.RunExecutor;
import dev.grokwatch.examples.sweep.RunOutcome;
import dev.grokwatch.examples.sweep.RunSchedule;
import dev.grokwatch.examples.sweep.SweepRun;
import org.apache.spark.FutureAction;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Function0;
import scala.Function1;
import scala.Function2;
import scala.collection.Iterator;
import scala.concurrent.ExecutionContext;
import scala.concurrent.ExecutionContext$;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;
import scala.util.Try;

import java.io.PrintWriter;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link RunExecutor} on Apache Spark: every run one Spark task that trains it in a child JVM on its executor
 * ({@link RunTask}), its folder's files sent back and written where a local run writes them ({@link ReturnedRun}).
 *
 * <p>The runs that may start ({@link RunSchedule}: in the list's order, once the folders they require hold finished
 * runs) become one RDD, a partition each, and each partition is a job of its own: Spark queues the jobs in that
 * order and runs as many tasks at a time as it has task slots ({@code spark.task.cpus} = the run's native threads),
 * a run's end is reported as it comes, and a job that fails (Spark gave up on its task, e.g. its executor lost
 * too often; or it was cancelled) fails its run only. A run that requires another is submitted once that one's
 * files are here.
 */
final class SparkRunExecutor implements RunExecutor {

    /** What every partition's task runs; serializable, as Spark ships it. */
    private static final Function1<Iterator<RunTask>, TaskResult> TRAIN =
            (Function1<Iterator<RunTask>, TaskResult> & Serializable) partition ->
                    RunTask.trainPartition(CollectionConverters.asJava(partition));

    /** A job's end is only queued for the driver's loop: done on Spark's own thread. */
    private static final ExecutionContext ON_SPARK_THREAD = ExecutionContext$.MODULE$.fromExecutor(Runnable::run);

    private final JavaSparkContext spark;
    private final int threadsPerRun;

    SparkRunExecutor(JavaSparkContext spark, int threadsPerRun) {
        this.spark = spark;
        this.threadsPerRun = threadsPerRun;
    }

    /**
     * A context on {@code master} whose tasks take {@code threadsPerRun} cores each. The application's jar
     * ({@link ApplicationJar}) goes to a cluster's executors unless {@code spark.jars} says otherwise
     * (spark-submit sets it); {@code local} and {@code local[N]} run the tasks in this JVM.
     *
     * @throws IllegalArgumentException naming the master when Spark cannot start on it, or in this JVM (started
     *                                  without Java's packages opened to Spark)
     */
    static SparkRunExecutor open(String master, int threadsPerRun) {
        SparkConf submitted = new SparkConf(); // spark-submit's settings, as system properties
        if (submitted.contains("spark.master") && !submitted.get("spark.master").equals(master)) {
            throw new IllegalArgumentException("--master " + master + " but spark-submit --master "
                    + submitted.get("spark.master") + ": expected one master, given once after the command (sweep"
                    + " --master URL) with none to spark-submit, or the same URL in both");
        }
        SparkConf conf = submitted.setMaster(master).setAppName("grokwatch")
                .set("spark.task.cpus", Integer.toString(threadsPerRun));
        boolean inThisJvm = master.equals("local") || master.startsWith("local[");
        if (!inThisJvm && !conf.contains("spark.jars")) {
            ApplicationJar.of(SparkRunExecutor.class).ifPresent(jar -> conf.set("spark.jars", jar.toString()));
        }
        try {
            return new SparkRunExecutor(new JavaSparkContext(conf), threadsPerRun);
        } catch (IllegalAccessError e) {
            throw new IllegalArgumentException("--master " + master + ": Spark cannot start in this JVM ("
                    + e.getMessage() + "); expected java -jar grokwatch-spark.jar (its manifest opens Java's packages to Spark), "
                    + "spark-submit, or java with Spark's --add-opens flags (README, \"Sweeps on Apache Spark\")", e);
        } catch (Exception e) {
            throw new IllegalArgumentException("--master " + master + ": Spark cannot start on it (" + e.getMessage()
                    + "); expected local[*], local[N], spark://HOST:PORT, or yarn or k8s://... under spark-submit", e);
        }
    }

    @Override
    public List<RunOutcome> execute(List<SweepRun> runs, PrintWriter progress) {
        if (runs.isEmpty()) {
            return List.of();
        }
        RunSchedule schedule = new RunSchedule(runs, progress);
        BlockingQueue<Returned> returned = new LinkedBlockingQueue<>();
        try {
            while (!schedule.done()) {
                List<SweepRun> ready = schedule.start(Integer.MAX_VALUE);
                try {
                    submit(ready, returned);
                } catch (IllegalStateException e) {
                    if (!spark.sc().isStopped()) {
                        throw e;
                    }
                    // e.g. no master answered: Spark gave up and stopped its context
                    throw new IllegalStateException("Spark stopped before every run was trained (--master "
                            + spark.master() + ": its log above says why; expected a master that answers); "
                            + "finished runs are kept and skipped on the next start", e);
                }
                if (!schedule.done()) {
                    schedule.end(returned.take().land());
                }
            }
            return schedule.outcomes();
        } catch (InterruptedException e) {
            spark.cancelAllJobs();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted; finished runs are kept and skipped on the next "
                    + "start", e);
        }
    }

    /**
     * One RDD of {@code ready}'s tasks, one job per partition; each job's end goes to {@code returned}, as does a run
     * whose input files cannot be read here.
     */
    private void submit(List<SweepRun> ready, BlockingQueue<Returned> returned) {
        List<SweepRun> runs = new ArrayList<>();
        List<RunTask> tasks = new ArrayList<>();
        for (SweepRun run : ready) {
            try {
                tasks.add(RunTask.of(run, threadsPerRun));
                runs.add(run);
            } catch (UncheckedIOException e) {
                returned.add(new Returned(run, null, null, "could not start: " + e.getMessage()));
            }
        }
        if (tasks.isEmpty()) {
            return;
        }
        JavaRDD<RunTask> rdd = spark.parallelize(tasks, tasks.size());
        // A cancelled job (interrupted sweep) interrupts its task, which stops its child JVM.
        spark.setLocalProperty("spark.job.interruptOnCancel", "true");
        for (int i = 0; i < tasks.size(); i++) {
            SweepRun run = runs.get(i);
            RunTask task = tasks.get(i);
            AtomicReference<TaskResult> result = new AtomicReference<>();
            spark.setJobDescription(run.name());
            FutureAction<BoxedUnit> job = spark.sc().submitJob(rdd.rdd(), TRAIN,
                    CollectionConverters.asScala(List.<Object>of(i)).toSeq(),
                    (Function2<Object, TaskResult, BoxedUnit>) (partition, r) -> {
                        result.set(r);
                        return BoxedUnit.UNIT;
                    },
                    (Function0<BoxedUnit>) () -> BoxedUnit.UNIT);
            job.onComplete((Function1<Try<BoxedUnit>, BoxedUnit>) done -> {
                returned.add(done.isSuccess() ? new Returned(run, task, result.get(), null)
                        : new Returned(run, task, null, "its Spark job failed: " + done.failed().get().getMessage()));
                return BoxedUnit.UNIT;
            }, ON_SPARK_THREAD);
        }
        spark.setJobDescription(null);
    }

    /** A run's end: its task's result, or why it has none (its job failed or was cancelled, or it never started). */
    private record Returned(SweepRun run, RunTask task, TaskResult result, String failure) {

        RunOutcome land() {
            return result != null ? ReturnedRun.land(run, task, result) : RunOutcome.failed(run, failure);
        }
    }

    @Override
    public int parallelism() {
        return Math.max(1, spark.sc().defaultParallelism() / threadsPerRun);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "%d at a time on Spark %s", parallelism(), spark.master());
    }

    @Override
    public void close() {
        spark.stop();
    }
}
