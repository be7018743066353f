package dev.grokwatch.models.layers;

import org.deeplearning4j.nn.conf.layers.Layer;

/** Parameters of {@link ResidualMlp}: {@code W_in [d, hidden]}, {@code b_in}, {@code W_out [hidden, d]}, {@code b_out}. */
public final class ResidualMlpParams extends LayoutParamInitializer {

    public static final String IN_WEIGHT_KEY = "Win";
    public static final String IN_BIAS_KEY = "bin";
    public static final String OUT_WEIGHT_KEY = "Wout";
    public static final String OUT_BIAS_KEY = "bout";
    static final ResidualMlpParams INSTANCE = new ResidualMlpParams();

    private ResidualMlpParams() {
    }

    @Override
    ParamLayout layout(Layer layer) {
        ResidualMlp conf = (ResidualMlp) layer;
        long d = conf.getNOut();
        long hidden = conf.getHiddenWidth();
        return new ParamLayout().weight(IN_WEIGHT_KEY, d, hidden).bias(IN_BIAS_KEY, hidden)
                .weight(OUT_WEIGHT_KEY, hidden, d).bias(OUT_BIAS_KEY, d);
    }

    /** The input widths of the two linear maps: {@code d} for {@code W_in, b_in}, the hidden width for {@code W_out, b_out}. */
    @Override
    double fanIn(Layer layer, String key) {
        ResidualMlp conf = (ResidualMlp) layer;
        return IN_WEIGHT_KEY.equals(key) || IN_BIAS_KEY.equals(key) ? conf.getNIn() : conf.getHiddenWidth();
    }
}
