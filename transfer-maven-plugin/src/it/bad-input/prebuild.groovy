import io.github.transferml.transfer.HostileModels
import java.io.DataOutputStream
import java.nio.file.Files
import java.util.function.UnaryOperator
import java.util.zip.CRC32
import java.util.zip.DeflaterOutputStream
import java.util.zip.GZIPOutputStream
import java.util.zip.ZipInputStream

// The hostile fixtures, all small on disk; the builds must refuse each from what it declares.
def testData = new File((new File(basedir, 'pom.xml').text =~ /<testData>(.+?)<\/testData>/)[0][1])
def fixtures = new File(basedir, 'fixtures')
fixtures.mkdirs()

// 1: the digit folders, plus a PNG of a few kilobytes whose header declares 40000 x 40000 grey pixels.
// Its IDAT holds the first rows only: the build must refuse it from the header, before any pixel.
def folders = new File(fixtures, 'huge-image')
new File(testData, 'corrupt/validation').eachDir { dir ->
    new File(folders, dir.name).mkdirs()
    dir.eachFile { Files.copy(it.toPath(), new File(folders, dir.name + '/' + it.name).toPath()) }
}
def chunk = { DataOutputStream out, String type, byte[] data ->
    def typed = new ByteArrayOutputStream()
    typed.write(type.getBytes('US-ASCII'))
    typed.write(data)
    def crc = new CRC32()
    crc.update(typed.toByteArray())
    out.writeInt(data.length)
    out.write(typed.toByteArray())
    out.writeInt((int) crc.value)
}
def ihdr = new ByteArrayOutputStream()
new DataOutputStream(ihdr).with { writeInt(40000); writeInt(40000); write([8, 0, 0, 0, 0] as byte[]) } // grey, 8 bit
def idat = new ByteArrayOutputStream()
new DeflaterOutputStream(idat).withCloseable { z -> 100.times { z.write(new byte[1 + 40000]) } } // filter byte + row
new File(folders, '3/huge.png').withOutputStream { file ->
    def png = new DataOutputStream(file)
    png.write([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as byte[]) // the PNG signature
    chunk(png, 'IHDR', ihdr.toByteArray())
    chunk(png, 'IDAT', idat.toByteArray())
    chunk(png, 'IEND', new byte[0])
}

// 2: an IDX label file (plain) declaring -1 labels.
new File(fixtures, 'negative-labels-idx1-ubyte').withDataOutputStream { it.writeInt(0x801); it.writeInt(-1); it.write(new byte[8]) }
// 3: an IDX image file (plain) declaring 100000 images of 100000 x 100000 pixels, 10^15 bytes, in 16 bytes.
new File(fixtures, 'huge-images-idx3-ubyte').withDataOutputStream { out -> [0x803, 100000, 100000, 100000].each { out.writeInt(it) } }
// 4: a gzipped IDX label file declaring 2147483000 labels (just under the largest array) that holds 5.
new File(fixtures, 'short-labels-idx1-ubyte.gz').withOutputStream { file ->
    new DataOutputStream(new GZIPOutputStream(file)).withCloseable { it.writeInt(0x801); it.writeInt(2147483000); it.write(new byte[5]) }
}

// 5, 6: copies of the tiny base, one with its parameter file cut in half, one without serving.properties.
def base = new File(localRepositoryPath, 'it/transfer/tiny-base/1.0/tiny-base-1.0-model.zip').toPath()
byte[] params = null
new ZipInputStream(Files.newInputStream(base)).withCloseable { zip ->
    for (def e = zip.nextEntry; e != null; e = zip.nextEntry) {
        if (e.name == 'model-0000.params') {
            params = zip.readAllBytes()
        }
    }
}
assert params != null : 'the tiny base has no model-0000.params'
HostileModels.rewrite(base, new File(fixtures, 'truncated-params-model.zip').toPath(),
        ['model-0000.params': Arrays.copyOf(params, params.length.intdiv(2))], { it } as UnaryOperator)
HostileModels.rewrite(base, new File(fixtures, 'no-serving-properties-model.zip').toPath(),
        ['serving.properties': null], { it } as UnaryOperator)
true
