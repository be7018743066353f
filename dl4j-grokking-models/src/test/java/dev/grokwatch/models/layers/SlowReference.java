package dev.grokwatch.models.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one-layer Transformer computed the slow, obvious way with loops over examples, positions and
 * heads on {@code double[][]}: full self-attention for every position, the MLP on every position.
 * The tests compare the fast layers against it.
 */
public final class SlowReference {

    private SlowReference() {
    }

    public static double[][] matrix(INDArray a) {
        double[][] m = new double[(int) a.size(0)][(int) a.size(1)];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] = a.getDouble(i, j);
            }
        }
        return m;
    }

    public static double[] vector(INDArray a) {
        double[] v = new double[(int) a.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.getDouble(i);
        }
        return v;
    }

    /** {@code x[t] = E[token_t] + P[t]} for one example. */
    public static double[][] embed(double[] tokens, double[][] e, double[][] p) {
        double[][] x = new double[tokens.length][];
        for (int t = 0; t < tokens.length; t++) {
            x[t] = add(e[(int) tokens[t]], p == null ? new double[e[0].length] : p[t]);
        }
        return x;
    }

    /** Full self-attention with residual for one example: every position attends to every position. */
    public static double[][] attention(double[][] x, double[][] wq, double[][] wk, double[][] wv, double[][] wo,
            int heads) {
        int length = x.length;
        int d = x[0].length;
        int dh = d / heads;
        double[][] q = times(x, wq);
        double[][] k = times(x, wk);
        double[][] v = times(x, wv);
        double[][] mixed = new double[length][d];
        for (int h = 0; h < heads; h++) {
            for (int t = 0; t < length; t++) {
                double[] scores = new double[length];
                for (int s = 0; s < length; s++) {
                    for (int j = h * dh; j < (h + 1) * dh; j++) {
                        scores[s] += q[t][j] * k[s][j];
                    }
                    scores[s] /= Math.sqrt(dh);
                }
                double[] a = softmax(scores);
                for (int s = 0; s < length; s++) {
                    for (int j = h * dh; j < (h + 1) * dh; j++) {
                        mixed[t][j] += a[s] * v[s][j];
                    }
                }
            }
        }
        double[][] out = times(mixed, wo);
        for (int t = 0; t < length; t++) {
            out[t] = add(out[t], x[t]);
        }
        return out;
    }

    /** {@code x + relu(x W_in + b_in) W_out + b_out} for every row. */
    public static double[][] residualMlp(double[][] x, double[][] wIn, double[] bIn, double[][] wOut, double[] bOut) {
        double[][] out = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            double[] hidden = add(times(x[t], wIn), bIn);
            for (int j = 0; j < hidden.length; j++) {
                hidden[j] = Math.max(0.0, hidden[j]);
            }
            out[t] = add(add(times(hidden, wOut), bOut), x[t]);
        }
        return out;
    }

    public static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0.0;
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    public static double[] times(double[] x, double[][] w) {
        double[] y = new double[w[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y.length; j++) {
                y[j] += x[i] * w[i][j];
            }
        }
        return y;
    }

    public static double[][] times(double[][] x, double[][] w) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = times(x[i], w);
        }
        return y;
    }

    public static double[] add(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i] + b[i];
        }
        return c;
    }

    /** Largest absolute difference between a reference matrix and an array of the same shape. */
    public static double maxDifference(double[][] expected, INDArray actual) {
        double max = 0.0;
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                max = Math.max(max, Math.abs(expected[i][j] - actual.getDouble(i, j)));
            }
        }
        return max;
    }
}
