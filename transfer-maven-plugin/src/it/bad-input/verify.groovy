// Each bad input failed its own build, in invoker.properties' order, naming the file or element and the fix.
def log = new File(basedir, 'build.log').text
def fixture = { name -> new File(basedir, 'fixtures/' + name).path }
def failures = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal') }
assert failures.size() == 8 : failures.join('\n')
failures.each { assert it.contains(':train (default) on project bad-input: ') : it }
def expect = { int i, List<String> parts -> parts.each { assert failures[i].contains(it) : "build ${i + 1}: ${it}\n${failures[i]}" } }

// 1: refused from its header, before any pixel is decoded.
expect(0, ['<dataset>: Image ' + fixture('huge-image/3/huge.png') + ' declares 40000 x 40000 = 1600000000 pixels,'
        + ' more than <maxImagePixels> allows (67108864). Downscale the image, or raise the limit with'
        + ' -Dtransfer.maxImagePixels=1600000000 or <maxImagePixels>1600000000</maxImagePixels>.'])
// 2-4: IDX headers are claims, checked before anything of their size is allocated.
def replace = ' Replace it with an intact copy (e.g. download it again).'
expect(1, ['<dataset>: IDX label file ' + fixture('negative-labels-idx1-ubyte') + ' declares -1 labels, which is'
        + ' impossible: its header is corrupt.' + replace])
expect(2, ['<dataset>: IDX image file ' + fixture('huge-images-idx3-ubyte') + ' declares 100000 images of 100000 x'
        + ' 100000 pixels (16 + 1000000000000000 = 1000000000000016 bytes) but holds only 16 bytes: it is truncated'
        + ' or its header is corrupt.' + replace])
expect(3, ['<dataset>: IDX label file ' + fixture('short-labels-idx1-ubyte.gz') + ' declares 2147483000 labels but'
        + ' holds only 5: it is truncated or its header is corrupt.' + replace])
// 5, 6: the user's zip is named, not the folder it was extracted to.
expect(4, ['<baseModel>: The base model (path ' + fixture('truncated-params-model.zip') + ') has a truncated'
        + ' model-0000.params: it ends before every parameter was read. Download or build the model again.'])
expect(5, ['<baseModel>: The base model (path ' + fixture('no-serving-properties-model.zip') + ') has no'
        + ' serving.properties, so it does not say which network it holds.',
        'archives written by transfer:train'])
(4..5).each { assert !failures[it].contains('.djl.ai') && !failures[it].contains('transfer-work') : failures[it] }
// 7: coordinates as the POM writes them, never in Maven's g:a:type:classifier:v.
expect(6, ['<baseModel>: Cannot resolve <baseModel><artifact> it.transfer:no-such-base:1.0:zip:model: The following'
        + ' artifacts could not be resolved: it.transfer:no-such-base:1.0:zip:model',
        'Build or install that module first, or check the coordinates and repositories'])
assert !failures[6].contains('it.transfer:no-such-base:zip:model:1.0') : failures[6]
// 8: the plugin's own parameter is blamed, not the valid project property.
expect(7, ['Invalid configuration: <outputTimestamp> \'yesterday\' is neither ISO 8601 (2026-01-01T00:00:00Z) nor'
        + ' seconds since the epoch'])
assert !failures[7].contains('project.build.outputTimestamp') : failures[7]

assert !log.contains('OutOfMemoryError') : 'a build ran out of memory'
assert !log.contains('integer overflow') : 'a size overflowed'
assert !log.contains('Epoch 1/') : 'a build trained'
def archives = new File(basedir, 'target').listFiles()?.findAll { it.name.endsWith('-model.zip') } ?: []
assert archives.isEmpty() : "no model archive is written: ${archives}"
true
