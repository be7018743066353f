package dev.grokwatch.models.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named parameter blocks laid end to end, in the order they were added, in a layer's flat parameter
 * (or gradient) view. Every block is a Fortran-order view, as DL4J's own weight matrices, so two
 * adjacent {@code [d, d]} blocks also read as one {@code [d, 2d]} matrix (the attention layer uses
 * that to project keys and values with one matrix product).
 */
final class ParamLayout {

    private record Block(String key, long[] shape, boolean bias, long offset) {
        long length() {
            return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }
    }

    private final List<Block> blocks = new ArrayList<>();
    private long length;

    ParamLayout weight(String key, long... shape) {
        return add(key, false, shape);
    }

    ParamLayout bias(String key, long length) {
        return add(key, true, length);
    }

    private ParamLayout add(String key, boolean bias, long... shape) {
        Block block = new Block(key, shape.clone(), bias, length);
        blocks.add(block);
        length += block.length();
        return this;
    }

    long numParams() {
        return length;
    }

    List<String> keys() {
        return blocks.stream().map(Block::key).toList();
    }

    List<String> weightKeys() {
        return blocks.stream().filter(b -> !b.bias()).map(Block::key).toList();
    }

    List<String> biasKeys() {
        return blocks.stream().filter(Block::bias).map(Block::key).toList();
    }

    boolean isWeight(String key) {
        return weightKeys().contains(key);
    }

    boolean isBias(String key) {
        return biasKeys().contains(key);
    }

    /** The element offset of a block inside the flat view. */
    long offset(String key) {
        return block(key).offset();
    }

    /** Views of every block of {@code flat}, which must hold exactly {@link #numParams()} values. */
    Map<String, INDArray> views(INDArray flat) {
        if (flat.length() != length) {
            throw new IllegalArgumentException("parameter view has " + flat.length() + " values, expected "
                    + length + " for blocks " + keys());
        }
        INDArray vector = flat.reshape(flat.length());
        Map<String, INDArray> views = new LinkedHashMap<>();
        for (Block b : blocks) {
            views.put(b.key(), view(vector, b.offset(), b.shape()));
        }
        return Collections.synchronizedMap(views);
    }

    /** A Fortran-order view of {@code shape} starting {@code offset} values into the flat vector. */
    static INDArray view(INDArray vector, long offset, long... shape) {
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        INDArray slice = vector.get(NDArrayIndex.interval(offset, offset + n));
        return shape.length == 1 ? slice : slice.reshape('f', shape);
    }

    private Block block(String key) {
        return blocks.stream().filter(b -> b.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no parameter '" + key + "', expected one of " + keys()));
    }
}
