import java.security.MessageDigest

def log = new File(basedir, 'build.log').text
assert log =~ /Downloaded from company-models: file:.*remote-base-2\.0-model\.zip/ : 'resolved from the remote repository'
def zip = new File(basedir, 'remote-repo/com/acme/vision/remote-base/2.0/remote-base-2.0-model.zip')
def sha = MessageDigest.getInstance('SHA-256').digest(zip.bytes).encodeHex().toString()
assert log.contains("Base model: artifact com.acme.vision:remote-base:2.0 (SHA-256 ${sha})") : 'SHA-256 logged'
assert log.contains('Epoch 3/3: train loss') : 'trained'
assert new File(basedir, 'target/from-remote-1.0-model.zip').isFile() : 'archive written'
true
