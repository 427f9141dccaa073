import groovy.json.JsonSlurper
import java.util.zip.ZipFile

def log = new File(basedir, 'build.log').text
def archive = new File(basedir, 'target/linear-head-1.0-model.zip')
assert archive.isFile() : 'failed: archive.isFile()'

// The POM's <head><solver> reached the run: one exact fit, its penalty path in the log.
assert log.contains('by lbfgs (L-BFGS: multinomial logistic regression with an L2 penalty chosen on validation)') : 'failed: log names the solver'
assert log =~ /Fitting the linear head exactly: lbfgs .*, on 300 vectors of 64 features/ : 'failed: log =~ /Fitting the linear head exactly: lbfgs .*, on 300 vectors of 64 features/'
assert log =~ /L2 1\.00: \d+ iterations, train loss/ : 'failed: log =~ /L2 1\\.00: \\d+ iterations, train loss/'
assert log =~ /Chose L2 \S+ chosen on validationLoss from \d+ penalties/ : 'failed: log =~ /Chose L2 \\S+ chosen on validationLoss from \\d+ penalties/'
assert log.contains('Epoch 1/1: train loss') : 'failed: log.contains(\'Epoch 1/1: train loss\')'
assert !log.contains('Learning rate from a range test') : 'failed: no range test without fine-tuning'
// The default device with portable numerics, chosen in the worker (whose environment hides any GPU).
assert log.contains('Device: cpu() (<device> cpu; the engine sees 0 GPUs)') : 'failed: log names the device'

// The archive says how its head was fitted.
def manifest
new ZipFile(archive).withCloseable { zip -> manifest = new JsonSlurper().parse(zip.getInputStream(zip.getEntry('transfer.json'))) }
assert manifest.head.solver == 'lbfgs' : "failed: manifest.head.solver == 'lbfgs' (${manifest.head})"
assert manifest.head.l2Penalty > 0 : 'failed: manifest.head.l2Penalty > 0'
assert manifest.training.epochsRun == 1 : 'failed: manifest.training.epochsRun == 1'
def metrics = new JsonSlurper().parse(new File(basedir, 'target/transfer/metrics.json'))
assert metrics.validationAccuracy > 0.3 : "features of the tiny base should beat chance (0.1) clearly, got ${metrics.validationAccuracy}"
true
