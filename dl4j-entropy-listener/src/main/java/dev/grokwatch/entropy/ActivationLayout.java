package dev.grokwatch.entropy;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.AttentionVertex;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.L2NormalizeVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PoolHelperVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.ShiftVertex;
import org.deeplearning4j.nn.conf.graph.StackVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.graph.UnstackVertex;
import org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex;
import org.deeplearning4j.nn.conf.graph.rnn.ReverseTimeSeriesVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LearnedSelfAttentionLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.LocallyConnected1D;
import org.deeplearning4j.nn.conf.layers.LocallyConnected2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.conf.layers.RecurrentAttentionLayer;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SelfAttentionLayer;
import org.deeplearning4j.nn.conf.layers.SpaceToBatchLayer;
import org.deeplearning4j.nn.conf.layers.SpaceToDepthLayer;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling1D;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.ZeroPadding1DLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping1D;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.RepeatVector;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.TimeDistributed;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToCnnPreProcessor;

import java.util.List;
import java.util.function.Supplier;

/**
 * Whether a layer's or vertex's rank-3 activations are {@code [n, d, T]} (DL4J's NCW) or {@code [n, T, d]}
 * (NWC), and rank-4 ones {@code [n, c, h, w]} (NCHW) or {@code [n, h, w, c]} (NHWC). Read from DL4J's
 * configuration ({@link RNNFormat}, {@link CNN2DFormat}), never from the shape, which fits both.
 *
 * @param known        false when the configuration does not tell; {@code reason} then says why
 * @param channelsLast true for NWC / NHWC (meaningful only when known)
 * @param reason       for an unknown layout, why it is unknown (for error messages); null otherwise
 */
record ActivationLayout(boolean known, boolean channelsLast, String reason) {

    static final ActivationLayout CHANNELS_FIRST = new ActivationLayout(true, false, null);
    static final ActivationLayout CHANNELS_LAST = new ActivationLayout(true, true, null);

    static ActivationLayout unknown(String reason) {
        return new ActivationLayout(false, false, reason);
    }

    private static ActivationLayout of(boolean channelsLast) {
        return channelsLast ? CHANNELS_LAST : CHANNELS_FIRST;
    }

    private static ActivationLayout rnn(RNNFormat format) {
        return of(format == RNNFormat.NWC); // null: DL4J's default, NCW
    }

    private static ActivationLayout cnn(CNN2DFormat format) {
        return of(format == CNN2DFormat.NHWC); // null: DL4J's default, NCHW
    }

    /** "NWC" / "NCHW" ..., for messages. */
    String name(int rank) {
        if (!known) {
            return "unknown";
        }
        return rank == 3 ? (channelsLast ? "NWC" : "NCW") : (channelsLast ? "NHWC" : "NCHW");
    }

    /**
     * The layout a layer's configuration gives its rank-3 or rank-4 output, or null when it gives none.
     * Layers DL4J implements for one layout only (e.g. Upsampling1D, self-attention) count as giving it.
     */
    static ActivationLayout declared(Layer layer, int rank) {
        if (layer instanceof FrozenLayer frozen) {
            return declared(frozen.getLayer(), rank);
        }
        if (rank == 3) {
            if (layer instanceof TimeDistributed td) {
                return rnn(td.getRnnDataFormat());
            }
            if (layer instanceof Bidirectional bidirectional) {
                return rnn(bidirectional.getRNNDataFormat());
            }
            if (layer instanceof BaseWrapperLayer wrapper) {
                return declared(wrapper.getUnderlying(), rank);
            }
            if (layer instanceof BaseRecurrentLayer recurrent) {
                return rnn(recurrent.getRnnDataFormat());
            }
            if (layer instanceof RnnOutputLayer output) {
                return rnn(output.getRnnDataFormat());
            }
            if (layer instanceof RnnLossLayer loss) {
                return rnn(loss.getRnnDataFormat());
            }
            if (layer instanceof Convolution1DLayer convolution) {
                return rnn(convolution.getRnnDataFormat());
            }
            if (layer instanceof Subsampling1DLayer subsampling) {
                return of(subsampling.getCnn2dDataFormat() == CNN2DFormat.NHWC);
            }
            if (layer instanceof EmbeddingSequenceLayer embedding) {
                return rnn(embedding.getOutputFormat());
            }
            if (layer instanceof RepeatVector repeat) {
                return rnn(repeat.getDataFormat());
            }
            if (layer instanceof ZeroPadding1DLayer || layer instanceof Cropping1D || layer instanceof Upsampling1D
                    || layer instanceof LocallyConnected1D || layer instanceof SelfAttentionLayer
                    || layer instanceof LearnedSelfAttentionLayer || layer instanceof RecurrentAttentionLayer
                    || layer instanceof GlobalPoolingLayer) {
                // DL4J implements these for NCW only (global pooling keeping dimensions gives [n, d, 1])
                return CHANNELS_FIRST;
            }
            return null;
        }
        if (rank == 4) {
            if (layer instanceof BaseWrapperLayer wrapper) {
                return declared(wrapper.getUnderlying(), rank);
            }
            if (layer instanceof ConvolutionLayer convolution) {
                return cnn(convolution.getCnn2dDataFormat());
            }
            if (layer instanceof SubsamplingLayer subsampling) {
                return cnn(subsampling.getCnn2dDataFormat());
            }
            if (layer instanceof BatchNormalization batchNorm) {
                return cnn(batchNorm.getCnn2DFormat());
            }
            if (layer instanceof LocalResponseNormalization lrn) {
                return cnn(lrn.getDataFormat());
            }
            if (layer instanceof Upsampling2D upsampling) {
                return cnn(upsampling.getFormat());
            }
            if (layer instanceof ZeroPaddingLayer padding) {
                return cnn(padding.getDataFormat());
            }
            if (layer instanceof Cropping2D cropping) {
                return cnn(cropping.getDataFormat());
            }
            if (layer instanceof SpaceToDepthLayer spaceToDepth) {
                return cnn(spaceToDepth.getDataFormat());
            }
            if (layer instanceof SpaceToBatchLayer spaceToBatch) {
                return cnn(spaceToBatch.getFormat());
            }
            if (layer instanceof LocallyConnected2D locallyConnected) {
                return cnn(locallyConnected.getFormat());
            }
            if (layer instanceof CnnLossLayer loss) {
                return cnn(loss.getFormat());
            }
            if (layer instanceof Yolo2OutputLayer yolo) {
                return cnn(yolo.getFormat());
            }
            if (layer instanceof GlobalPoolingLayer) {
                return CHANNELS_FIRST; // keeping dimensions, DL4J reshapes the pooled [n, c] to [n, c, 1, 1]
            }
        }
        return null;
    }

    /** True for layers whose output keeps the layout of their input. */
    static boolean preserving(Layer layer) {
        if (layer instanceof FrozenLayer frozen) {
            return preserving(frozen.getLayer());
        }
        if (layer instanceof BaseWrapperLayer wrapper) {
            return preserving(wrapper.getUnderlying());
        }
        return layer instanceof ActivationLayer || layer instanceof DropoutLayer || layer instanceof PReLULayer
                || layer instanceof BatchNormalization; // on sequences: batch norm declares only a 2-D format
    }

    /** The layout a graph vertex that is not a layer gives its output, or null when it gives none. */
    static ActivationLayout declared(GraphVertex vertex, int rank) {
        if (vertex instanceof FrozenVertex frozen) {
            return declared(frozen.getUnderlying(), rank);
        }
        if (rank == 3 && (vertex instanceof DuplicateToTimeSeriesVertex || vertex instanceof AttentionVertex)) {
            return CHANNELS_FIRST; // DL4J builds [n, d, T]
        }
        return null;
    }

    /** True for graph vertices whose output keeps the layout of their inputs. */
    static boolean preserving(GraphVertex vertex) {
        if (vertex instanceof FrozenVertex frozen) {
            return preserving(frozen.getUnderlying());
        }
        return vertex instanceof MergeVertex || vertex instanceof ElementWiseVertex || vertex instanceof ScaleVertex
                || vertex instanceof ShiftVertex || vertex instanceof L2NormalizeVertex || vertex instanceof StackVertex
                || vertex instanceof UnstackVertex || vertex instanceof SubsetVertex || vertex instanceof PoolHelperVertex
                || vertex instanceof ReverseTimeSeriesVertex;
    }

    /**
     * The layout of a preprocessor's output of rank {@code outRank} from an input of rank {@code inRank}.
     *
     * @param input the layout of the preprocessor's input, for preprocessors that pass arrays through
     */
    static ActivationLayout ofPreprocessor(InputPreProcessor preprocessor, int inRank, int outRank,
                                           Supplier<ActivationLayout> input) {
        boolean known = preprocessor instanceof CnnToRnnPreProcessor || preprocessor instanceof FeedForwardToRnnPreProcessor
                || preprocessor instanceof RnnToCnnPreProcessor || preprocessor instanceof FeedForwardToCnnPreProcessor;
        if (!known) {
            return unknown("its preprocessor " + preprocessor.getClass().getSimpleName() + " gives no layout");
        }
        if (inRank == outRank) {
            return input.get(); // these pass arrays of the rank they produce through unchanged
        }
        if (preprocessor instanceof CnnToRnnPreProcessor p && outRank == 3) {
            return rnn(p.getRnnDataFormat());
        }
        if (preprocessor instanceof FeedForwardToRnnPreProcessor p && outRank == 3) {
            return rnn(p.getRnnDataFormat());
        }
        return outRank == 4 ? CHANNELS_FIRST : unknown("its preprocessor " + preprocessor.getClass().getSimpleName()
                + " gives no rank-" + outRank + " layout"); // both CNN preprocessors build [n, c, h, w]
    }

    /**
     * The common layout of a vertex's inputs.
     *
     * @param inputs the layouts of the inputs that have the vertex's rank, with their names
     */
    static ActivationLayout agree(List<String> names, List<ActivationLayout> inputs, int rank) {
        if (inputs.isEmpty()) {
            return unknown("none of its inputs has rank " + rank);
        }
        ActivationLayout first = inputs.get(0);
        for (int i = 0; i < inputs.size(); i++) {
            ActivationLayout layout = inputs.get(i);
            if (!layout.known()) {
                return unknown("its input '" + names.get(i) + "' has an unknown layout (" + layout.reason() + ")");
            }
            if (layout.channelsLast() != first.channelsLast()) {
                return unknown("its inputs disagree: '" + names.get(0) + "' is " + first.name(rank) + ", '"
                        + names.get(i) + "' is " + layout.name(rank));
            }
        }
        return first;
    }
}
