package dev.grokwatch.models.layers;

import org.deeplearning4j.nn.conf.layers.Layer;

/** Parameters of {@link TokenPositionEmbedding}: token table {@code E} and position table {@code P}. */
public final class TokenPositionEmbeddingParams extends LayoutParamInitializer {

    public static final String TOKEN_KEY = "E";
    public static final String POSITION_KEY = "P";
    static final TokenPositionEmbeddingParams INSTANCE = new TokenPositionEmbeddingParams();

    private TokenPositionEmbeddingParams() {
    }

    @Override
    ParamLayout layout(Layer layer) {
        TokenPositionEmbedding conf = (TokenPositionEmbedding) layer;
        ParamLayout layout = new ParamLayout().weight(TOKEN_KEY, conf.getNIn(), conf.getNOut());
        return conf.isPositional() ? layout.weight(POSITION_KEY, conf.getSequenceLength(), conf.getNOut()) : layout;
    }

    /** Embedding vectors of norm about 1 whatever the vocabulary: the fan-in is the width. */
    @Override
    double fanIn(Layer layer, String key) {
        return ((TokenPositionEmbedding) layer).getNOut();
    }
}
