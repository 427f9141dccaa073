import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * Portable-numerics probe: a small conv net trained with a fixed seed; prints SHA-256 of every
 * intermediate tensor (with -Dtrace=true) and of the saved .params file (the verdict).
 *
 * System properties: images (count, default 64), batch (16), steps (-1 = one epoch over images),
 * epochs (1), width (channel multiplier, 8), trace (false), dump (dir: raw floats of each traced
 * tensor, little-endian float32; implies trace), adam ("pow": our Adam with pow(0.5) instead of
 * DJL's native update, which calls torch.sqrt), fashion (dir with Fashion-MNIST
 * train-images-idx3-ubyte.gz / train-labels-idx1-ubyte.gz; else seeded synthetic data).
 */
public final class NumericsProbe {
    static boolean trace;

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static Path dump;
    static boolean powAdam;
    static final java.util.Map<String, NDArray[]> MOMENTS = new java.util.HashMap<>();

    /**
     * Adam as DJL's native adamUpdate computes it, except sqrt(v) as v.pow(0.5): torch.sqrt runs
     * MKL's vector sqrt (vmsSqrt), whose SSE path uses rsqrtps; pow(0.5) does not call MKL.
     */
    static void powAdamStep(SequentialBlock net, int t, NDManager dm) {
        float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
        double c1 = 1.0 - StrictMath.pow(b1, t);
        double c2 = 1.0 - StrictMath.pow(b2, t);
        float lr = (float) (1e-3f * StrictMath.sqrt(c2) / c1);
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (!p.getValue().requiresGradient()) {
                continue;
            }
            NDArray w = p.getValue().getArray();
            NDArray g = w.getGradient();
            NDArray[] mv = MOMENTS.computeIfAbsent(p.getKey(), k -> new NDArray[] {dm.zeros(w.getShape()), dm.zeros(w.getShape())});
            mv[0].muli(b1).addi(g.mul(1 - b1));
            mv[1].muli(b2).addi(g.mul(g).muli(1 - b2));
            w.subi(mv[0].mul(lr).divi(mv[1].pow(0.5f).addi(eps)));
        }
    }

    static void t(String name, NDArray a) throws Exception {
        if (trace) {
            NDArray c = a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false);
            byte[] bytes = c.toByteArray();
            System.out.println("T " + name + " " + a.getShape() + " " + sha(bytes).substring(0, 16));
            if (dump != null) {
                Files.write(dump.resolve(name + ".f32"), bytes);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        trace = Boolean.getBoolean("trace");
        powAdam = "pow".equals(System.getProperty("adam"));
        if (System.getProperty("dump") != null) {
            dump = Files.createDirectories(Paths.get(System.getProperty("dump")));
            trace = true;
        }
        int images = Integer.getInteger("images", 64);
        int batch = Integer.getInteger("batch", 16);
        int steps = Integer.getInteger("steps", -1);
        int epochs = Integer.getInteger("epochs", 1);
        int width = Integer.getInteger("width", 8);
        String fashion = System.getProperty("fashion");
        Path out = Files.createTempDirectory("numerics-probe");

        Engine engine = Engine.getInstance();
        System.out.println("engine " + engine.getEngineName() + " " + engine.getVersion());
        float[] x = new float[images * 28 * 28];
        float[] y = new float[images];
        loadData(fashion, images, x, y);

        try (NDManager m = NDManager.newBaseManager()) {
            // The random numbers themselves (normal_ and uniform_), then reseed for the model.
            engine.setRandomSeed(42);
            t("rng.normal.4099", m.randomNormal(new Shape(4099)));
            t("rng.uniform.4099", m.randomUniform(-1, 1, new Shape(4099)));
            t("rng.normal.small7", m.randomNormal(new Shape(7)));
            engine.setRandomSeed(42);

            SequentialBlock net = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(width).build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(2 * width).build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(64).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(10).build());
            try (Model model = Model.newInstance("probe")) {
                model.setBlock(net);
                Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
                DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(adam);
                try (Trainer trainer = model.newTrainer(cfg)) {
                    trainer.initialize(new Shape(batch, 1, 28, 28));
                    for (Pair<String, Parameter> p : net.getParameters()) {
                        t("init." + p.getKey(), p.getValue().getArray());
                    }
                    NDManager dm = trainer.getManager();
                    NDArray allX = dm.create(x, new Shape(images, 1, 28, 28));
                    NDArray allY = dm.create(y, new Shape(images));
                    int perEpoch = images / batch;
                    int total = steps > 0 ? steps : perEpoch * epochs;
                    Loss loss = Loss.softmaxCrossEntropyLoss();
                    // Our own store (the Trainer's is private) so that every layer's output can be traced.
                    ParameterStore ps = new ParameterStore(dm, false);
                    ps.setParameterServer(engine.newParameterServer(adam), new ai.djl.Device[] {ai.djl.Device.cpu()});
                    long t0 = System.nanoTime();
                    long epochStart = t0;
                    for (int s = 0; s < total; s++) {
                        int from = (s % perEpoch) * batch;
                        try (NDManager sm = dm.newSubManager()) {
                            NDArray bx = allX.get(from + ":" + (from + batch));
                            NDArray by = allY.get(from + ":" + (from + batch));
                            bx.attach(sm);
                            by.attach(sm);
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDList h = new NDList(bx);
                                int i = 0;
                                for (Pair<String, Block> child : net.getChildren()) {
                                    h = child.getValue().forward(ps, h, true);
                                    t("s" + s + ".fwd" + (i++) + "." + child.getKey(), h.head());
                                }
                                NDArray l = loss.evaluate(new NDList(by), h);
                                t("s" + s + ".loss", l);
                                gc.backward(l);
                            }
                            for (Pair<String, Parameter> p : net.getParameters()) {
                                if (p.getValue().requiresGradient()) {
                                    t("s" + s + ".grad." + p.getKey(), p.getValue().getArray().getGradient());
                                }
                            }
                            if (powAdam) {
                                powAdamStep(net, s + 1, dm);
                            } else {
                                ps.updateAllParameters();
                            }
                            for (Pair<String, Parameter> p : net.getParameters()) {
                                t("s" + s + ".param." + p.getKey(), p.getValue().getArray());
                            }
                        }
                        if ((s + 1) % perEpoch == 0) {
                            long now = System.nanoTime();
                            System.out.printf("epoch %d %.3f s%n", (s + 1) / perEpoch, (now - epochStart) / 1e9);
                            epochStart = now;
                        }
                    }
                    System.out.printf("train %d steps %.3f s%n", total, (System.nanoTime() - t0) / 1e9);
                }
                model.save(out, "probe");
                Path params = out.resolve("probe-0000.params");
                System.out.println("PARAMS " + sha(Files.readAllBytes(params)));
                Files.delete(params);
                Files.delete(out);
            }
        }
    }

    static void loadData(String fashion, int images, float[] x, float[] y) throws Exception {
        if (fashion != null) {
            try (DataInputStream in = new DataInputStream(gz(Paths.get(fashion, "train-images-idx3-ubyte.gz")))) {
                in.readInt(); in.readInt(); in.readInt(); in.readInt();
                byte[] px = new byte[images * 784];
                in.readFully(px);
                for (int i = 0; i < px.length; i++) x[i] = (px[i] & 0xff) / 255f;
            }
            try (DataInputStream in = new DataInputStream(gz(Paths.get(fashion, "train-labels-idx1-ubyte.gz")))) {
                in.readInt(); in.readInt();
                for (int i = 0; i < images; i++) y[i] = in.readUnsignedByte();
            }
        } else {
            Random r = new Random(7);
            for (int i = 0; i < images; i++) {
                int c = r.nextInt(10);
                y[i] = c;
                for (int p = 0; p < 784; p++) {
                    float v = r.nextFloat() * 0.5f;
                    if ((p / 28) % 10 == c || (p % 28) % 10 == c) v += 0.5f;
                    x[i * 784 + p] = v;
                }
            }
        }
    }

    static InputStream gz(Path p) throws Exception {
        return new GZIPInputStream(Files.newInputStream(p));
    }
}
