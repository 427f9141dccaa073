import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

/**
 * Single PyTorch ops on seeded Java data, one SHA-256 prefix per op: run natively and under an
 * emulator to see which op's bits differ. -Dn=elements (4099).
 */
public final class OpProbe {
    static String sha(NDArray a) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(a.toByteArray())).substring(0, 16);
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("n", 4099);
        Random r = new Random(11);
        float[] a = new float[n];
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextFloat() * Math.scalb(1.0, r.nextInt(40) - 30));
            b[i] = (float) ((r.nextFloat() - 0.5) * Math.scalb(1.0, r.nextInt(20) - 10));
        }
        Engine.getInstance();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(a);
            NDArray y = m.create(b);
            p("sqrt", x.sqrt());
            p("pow0.5", x.pow(0.5f));
            sqrtCheck("sqrt", a, x.sqrt().toFloatArray());
            sqrtCheck("pow0.5", a, x.pow(0.5f).toFloatArray());

            p("div", y.div(x));
            p("div.scalar", y.div(3.0f));
            p("mul", x.mul(y));
            p("add", x.add(y));
            p("exp", y.exp());
            p("log", x.log());
            p("pow", x.pow(y));
            p("tanh", y.tanh());
            p("sin", y.sin());
            p("sigmoid", ai.djl.nn.Activation.sigmoid(y));
            p("neg-reciprocal", x.pow(-1));
            p("sum", y.sum());
            p("mean", y.mean());
            p("softmax", y.softmax(0));
            p("logSoftmax", y.logSoftmax(0));
            NDArray ma = x.get("0:4096").reshape(64, 64);
            NDArray mb = y.get("0:4096").reshape(64, 64);
            p("matmul64", ma.matMul(mb));
        }
    }

    static void sqrtCheck(String name, float[] a, float[] s) {
        int wrong = 0;
        StringBuilder ex = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            float exact = (float) Math.sqrt(a[i]); // correctly rounded: double has > 2*24+2 bits
            if (Float.floatToRawIntBits(exact) != Float.floatToRawIntBits(s[i]) && wrong++ < 2) {
                ex.append(String.format(" sqrt(%a)=%a exact %a;", a[i], s[i], exact));
            }
        }
        System.out.println("SQRT " + name + " not correctly rounded: " + wrong + " of " + a.length + ex);
    }

    static void p(String name, NDArray a) throws Exception {
        System.out.println("OP " + name + " " + sha(a));
    }
}
