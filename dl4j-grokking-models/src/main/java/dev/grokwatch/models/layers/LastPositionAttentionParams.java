package dev.grokwatch.models.layers;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameters of {@link LastPositionAttention}: {@code Wq, Wk, Wv, Wo}, each {@code [d, d]}, in that
 * order, so that {@code Wk} and {@code Wv} together are one {@code [d, 2d]} matrix
 * ({@link #keyValue}) that projects keys and values in a single product.
 */
public final class LastPositionAttentionParams extends LayoutParamInitializer {

    public static final String QUERY_KEY = "Wq";
    public static final String KEY_KEY = "Wk";
    public static final String VALUE_KEY = "Wv";
    public static final String OUTPUT_KEY = "Wo";
    static final LastPositionAttentionParams INSTANCE = new LastPositionAttentionParams();

    private LastPositionAttentionParams() {
    }

    @Override
    ParamLayout layout(Layer layer) {
        long d = ((LastPositionAttention) layer).getNOut();
        return new ParamLayout().weight(QUERY_KEY, d, d).weight(KEY_KEY, d, d).weight(VALUE_KEY, d, d)
                .weight(OUTPUT_KEY, d, d);
    }

    @Override
    double fanIn(Layer layer, String key) {
        return ((LastPositionAttention) layer).getNOut();
    }

    /** {@code [Wk | Wv]} as one {@code [d, 2d]} view of the layer's flat parameters (or gradients). */
    static INDArray keyValue(LastPositionAttention conf, INDArray flat) {
        long d = conf.getNOut();
        return ParamLayout.view(flat.reshape(flat.length()), INSTANCE.layout(conf).offset(KEY_KEY), d, 2 * d);
    }
}
