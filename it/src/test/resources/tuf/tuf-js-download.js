// Downloads one target of a TUF repository with tuf-js's Updater and prints what it verified, as JSON.
// usage: node tuf-js-download.js METADATA_URL TARGETS_URL TRUSTED_ROOT_FILE TARGET_PATH
// exit 0: downloaded and verified; 3: the target is not in the trusted targets; 2: refused (message on stderr)
const { Updater } = require('tuf-js');
const fs = require('fs');
const os = require('os');
const path = require('path');

(async () => {
  const [metadataBaseUrl, targetBaseUrl, rootFile, target] = process.argv.slice(2);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tuf-js-'));
  const metadataDir = path.join(dir, 'metadata');
  const targetDir = path.join(dir, 'targets');
  fs.mkdirSync(metadataDir);
  fs.mkdirSync(targetDir);
  fs.copyFileSync(rootFile, path.join(metadataDir, 'root.json'));
  const updater = new Updater({ metadataBaseUrl, targetBaseUrl, metadataDir, targetDir });
  await updater.refresh();
  const info = await updater.getTargetInfo(target);
  if (!info) {
    console.error('target not found: ' + target);
    process.exit(3);
  }
  const file = await updater.downloadTarget(info, path.join(dir, 'download'));
  const root = JSON.parse(fs.readFileSync(path.join(metadataDir, 'root.json'), 'utf8'));
  console.log(JSON.stringify({
    path: info.path,
    length: info.length,
    hashes: info.hashes,
    custom: info.custom,
    sha256: require('crypto').createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
    rootVersion: root.signed.version,
  }));
})().catch((e) => {
  console.error('refused: ' + e.constructor.name + ': ' + e.message + (e.statusCode ? ' (HTTP ' + e.statusCode + ')' : ''));
  process.exit(2);
});
