import { Box, Text } from 'ink';
import { useState } from 'react';
import type { Agoras, FeedPreview, FeedRequest } from '../../core/service-types.js';
import { tint } from '../colors.js';
import { CheckboxList } from '../components/CheckboxList.js';
import { FieldError } from '../components/FieldError.js';
import { KEYS } from '../components/KeyHelp.js';
import { StepBody } from '../components/Layout.js';
import { Spinner } from '../components/Spinner.js';
import { TextField } from '../components/TextField.js';
import { useFocusIndex } from '../hooks/use-focus-index.js';
import { useKeys } from '../hooks/use-keys.js';
import { usePreview } from '../hooks/use-preview.js';
import { type FeedDraft, type FeedField, feedRequest } from '../source-draft.js';

export interface FeedStepProps {
  services: Agoras;
  username: string;
  feed: FeedDraft;
  onChange(feed: FeedDraft): void;
  onPreviewed(preview: FeedPreview, request: FeedRequest): void;
  onBack(): void;
}

type Row = 'url' | 'last' | 'random' | 'maxCount' | 'lookback' | 'unit' | 'maxAgeDays';

/** Step 3 of a feed: its URL and which entries to post; Enter reads the feed as a dry run. */
export function FeedStep({ services, username, feed, onChange, onPreviewed, onBack }: FeedStepProps) {
  const rows: Row[] =
    feed.mode === 'last'
      ? ['url', 'last', 'random', 'maxCount', 'lookback', 'unit']
      : ['url', 'last', 'random', 'maxAgeDays'];
  const [focus] = useFocusIndex(rows.length);
  const row = rows[focus];
  const [errors, setErrors] = useState<Partial<Record<FeedField, string>>>({});
  const [empty, setEmpty] = useState<string[] | undefined>();
  const preview = usePreview();
  const busy = preview.state.status === 'busy';

  const set = (change: Partial<FeedDraft>) => {
    setEmpty(undefined);
    onChange({ ...feed, ...change });
  };

  useKeys((input, key) => {
    if (key.escape) return onBack();
    if (busy) return;
    if (key.return) {
      const checked = feedRequest(username, feed);
      setErrors(checked.ok ? {} : checked.errors);
      setEmpty(undefined);
      if (!checked.ok) return;
      preview.start(
        (signal) => services.previewFeed(checked.request, signal),
        (found) => (found.items.length > 0 ? onPreviewed(found, checked.request) : setEmpty(found.notes)),
      );
      return;
    }
    if (input !== ' ') return;
    if (row === 'last' || row === 'random') set({ mode: row });
    else if (row === 'unit') set({ lookbackUnit: feed.lookbackUnit === 'hours' ? 'minutes' : 'hours' });
  });

  const field = (id: 'url' | 'maxCount' | 'lookback' | 'maxAgeDays', label: string) => (
    <TextField
      label={label}
      value={feed[id]}
      focused={row === id && !busy}
      onChange={(value) => {
        // What was wrong with the old text no longer applies to the new.
        setErrors(({ [id]: _stale, ...rest }) => rest);
        if (id === 'url') preview.reset();
        set({ [id]: value });
      }}
      error={errors[id]}
      {...(id === 'url' ? { placeholder: 'https://example.com/feed.xml' } : {})}
    >
      {id === 'url' && busy && (
        <Box paddingLeft={4}>
          <Spinner label="reading the feed…" />
        </Box>
      )}
      {id === 'url' && (
        <FieldError message={preview.state.status === 'failed' ? preview.state.message : undefined} />
      )}
    </TextField>
  );

  return (
    <StepBody hints={[KEYS.move, KEYS.select, ['Enter', 'read the feed'], KEYS.back, KEYS.quit]}>
      {field('url', 'Feed URL (RSS or Atom)')}
      <Text bold>Which entries</Text>
      <CheckboxList
        variant="radio"
        focusedIndex={rows.indexOf(row ?? 'url') - 1}
        items={[
          { id: 'last', label: 'Newest within a time window', checked: feed.mode === 'last' },
          { id: 'random', label: 'One random recent entry', checked: feed.mode === 'random' },
        ]}
      />
      {feed.mode === 'last' ? (
        <>
          {field('maxCount', 'At most this many entries')}
          {field('lookback', `Published within the last … ${feed.lookbackUnit}`)}
          <Text bold={row === 'unit'}>
            {row === 'unit' ? '› ' : '  '}Counted in {feed.lookbackUnit}
            <Text dimColor> (Space: {feed.lookbackUnit === 'hours' ? 'minutes' : 'hours'})</Text>
          </Text>
        </>
      ) : (
        field('maxAgeDays', 'Not older than this many days')
      )}
      {empty && (
        <Box flexDirection="column" marginTop={1}>
          <Text color={tint('yellow')}>Nothing new to post from this feed with these settings.</Text>
          {empty.map((note) => (
            <Text key={note} dimColor>
              {note}
            </Text>
          ))}
        </Box>
      )}
    </StepBody>
  );
}
