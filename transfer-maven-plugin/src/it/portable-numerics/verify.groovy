import java.security.MessageDigest
import java.util.zip.ZipFile

def sha(name) {
    def file = new File(basedir, "target/numerics-1.0-${name}.zip")
    assert file.isFile() : "the ${name} execution should write an archive"
    MessageDigest.getInstance('SHA-256').digest(file.bytes).encodeHex().toString()
}
def hashes = ['portable-1', 'portable-2', 'fast-1', 'fast-2'].collectEntries { [(it): sha(it)] }
hashes.each { name, hash -> println "numerics ${name}: ${hash}" }

assert hashes['portable-1'] == hashes['portable-2'] : "portable numerics must not depend on the core count: ${hashes}"
// Without pinning, the thread count follows the cores and the bytes follow the threads: the check above can fail.
assert hashes['fast-1'] != hashes['fast-2'] : "fast numerics on one and two cores were expected to differ: ${hashes}"

def manifest = { name ->
    def zip = new ZipFile(new File(basedir, "target/numerics-1.0-${name}.zip"))
    try { new groovy.json.JsonSlurper().parseText(zip.getInputStream(zip.getEntry('transfer.json')).text) } finally { zip.close() }
}
def portable = manifest('portable-1').numerics
assert portable.mode == 'portable' && portable.threads == 2 && portable.atenCpuCapability == 'avx2'
assert portable.onednnMaxCpuIsa == 'AVX2' && portable.mklCbwr == 'COMPATIBLE'
assert manifest('fast-1').numerics == [mode: 'fast'] : 'fast mode records no machine-specific thread count'

def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] Engine: a worker JVM, numerics portable (2 threads, ATen avx2, oneDNN AVX2, MKL COMPATIBLE)')
assert log.count('[WARNING] numerics = fast: the model\'s bytes depend on this machine\'s CPU and core count') == 2
true
