package dev.grokwatch.entropy;

import java.io.Serializable;

/**
 * Which layer to read: a name (a ComputationGraph vertex, or a named MultiLayerNetwork layer) or an
 * index (MultiLayerNetwork, zero-based as in {@code getLayer(i)}).
 *
 * @param name  the layer or vertex name, or null
 * @param index the layer index, or -1
 */
public record LayerSelector(String name, int index) implements Serializable {

    public LayerSelector {
        if ((name == null) == (index < 0)) {
            throw new IllegalArgumentException("Give exactly one of a layer name or a layer index >= 0 (got name "
                    + name + ", index " + index + ")");
        }
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException("layer name is blank; expected a vertex or layer name");
        }
    }

    public static LayerSelector named(String name) {
        if (name == null) {
            throw new IllegalArgumentException("layer name is null; expected a vertex or layer name");
        }
        return new LayerSelector(name, -1);
    }

    public static LayerSelector index(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("layer index " + index + " is negative; expected 0 or more");
        }
        return new LayerSelector(null, index);
    }

    public boolean byName() {
        return name != null;
    }

    @Override
    public String toString() {
        return byName() ? "'" + name + "'" : "#" + index;
    }
}
