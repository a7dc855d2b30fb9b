import { Box, Text } from 'ink';
import { useState } from 'react';
import type { Agoras } from '../../core/service-types.js';
import { tint } from '../colors.js';
import { TextField } from '../components/TextField.js';
import { useFocusIndex } from '../hooks/use-focus-index.js';
import { useKeys } from '../hooks/use-keys.js';

/**
 * Asked once, the first time a local photo is chosen: TikTok pulls photos only from a URL on a
 * domain verified for the app, so agoras needs a directory that domain serves and its URL prefix.
 * Saved beside the config; later posts (and cron) use it without asking.
 */
export function MediaHostForm(props: { services: Agoras; onDone(): void; onCancel(): void }) {
  const [dir, setDir] = useState('');
  const [url, setUrl] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [focus] = useFocusIndex(2, { isActive: !saving });

  useKeys((_input, key) => {
    if (saving) return;
    if (key.escape) return props.onCancel();
    if (!key.return) return;
    setSaving(true);
    props.services.saveMediaHost({ dir: dir.trim(), url: url.trim() }).then(
      (found) => {
        setSaving(false);
        if (found) setProblem(found);
        else props.onDone();
      },
      (error: unknown) => {
        setSaving(false);
        setProblem((error as Error).message);
      },
    );
  });

  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>Where your verified domain's files live</Text>
      <Text dimColor>
        TikTok pulls photos only from a URL on a domain verified for your app. agoras copies each local photo
        into a directory that domain serves, under a name made from its content.
      </Text>
      <TextField
        label="Directory your web server serves"
        value={dir}
        onChange={setDir}
        focused={focus === 0}
      />
      <TextField label="Its URL prefix (https://…/)" value={url} onChange={setUrl} focused={focus === 1} />
      {problem && <Text color={tint('red')}>✗ {problem}</Text>}
      <Text dimColor>Enter save and continue · ↑↓ move · Esc back to the photos</Text>
    </Box>
  );
}
