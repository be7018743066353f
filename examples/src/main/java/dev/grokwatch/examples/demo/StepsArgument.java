package dev.grokwatch.examples.demo;

/** The optional first argument of the example programs: how many training steps to run (CI runs them tiny). */
final class StepsArgument {

    private StepsArgument() {
    }

    /** {@code args[0]} as a positive step count, or {@code defaultSteps} without arguments. */
    static int parse(String[] args, int defaultSteps, String program) {
        if (args.length == 0) {
            return defaultSteps;
        }
        try {
            int steps = Integer.parseInt(args[0].replace("_", "").replace(",", ""));
            if (steps >= 1) {
                return steps;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(program + ": the argument '" + args[0] + "' is not a step count; expected "
                + "a whole number >= 1 (default " + defaultSteps + "), e.g. java -cp grokwatch.jar "
                + "dev.grokwatch.examples.demo." + program + " 500");
    }
}
