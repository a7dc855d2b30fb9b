import { Box, Text } from 'ink';
import { useState } from 'react';
import type { Agoras, SchedulePreview, SheetInput } from '../../core/service-types.js';
import { FieldError } from '../components/FieldError.js';
import { KEYS } from '../components/KeyHelp.js';
import { StepBody } from '../components/Layout.js';
import { Spinner } from '../components/Spinner.js';
import { TextField } from '../components/TextField.js';
import { useFocusIndex } from '../hooks/use-focus-index.js';
import { useKeys } from '../hooks/use-keys.js';
import { usePreview } from '../hooks/use-preview.js';
import { looksLikeKeyPath, sheetErrors } from '../source-draft.js';

export interface SheetStepProps {
  services: Agoras;
  username: string;
  sheet: SheetInput;
  onChange(sheet: SheetInput): void;
  onPreviewed(preview: SchedulePreview): void;
  onBack(): void;
}

const FIELDS: { id: keyof SheetInput; label: string; placeholder: string }[] = [
  { id: 'spreadsheetId', label: 'Spreadsheet ID', placeholder: 'the long ID in the sheet’s URL' },
  { id: 'sheetName', label: 'Sheet name', placeholder: 'the tab, e.g. Schedule' },
  { id: 'clientEmail', label: 'Service account email', placeholder: 'name@project.iam.gserviceaccount.com' },
  {
    id: 'privateKey',
    label: 'Private key, or the path of its JSON key file',
    placeholder: '~/keys/service-account.json',
  },
];

/** Step 3 of the schedule: the sheet and its service account; Enter reads it as a dry run. */
export function SheetStep({ services, username, sheet, onChange, onPreviewed, onBack }: SheetStepProps) {
  const [focus] = useFocusIndex(FIELDS.length);
  const [errors, setErrors] = useState<Partial<Record<keyof SheetInput, string>>>({});
  const preview = usePreview();
  const busy = preview.state.status === 'busy';

  useKeys((_input, key) => {
    if (key.escape) return onBack();
    if (!key.return || busy) return;
    const found = sheetErrors(sheet);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    preview.start((signal) => services.previewSchedule({ username, sheet }, signal), onPreviewed);
  });

  return (
    <StepBody hints={[KEYS.move, ['Enter', 'read the sheet'], KEYS.back, KEYS.quit]}>
      <Text>Which Google Sheets schedule, and the service account that may read it?</Text>
      <Box flexDirection="column" marginTop={1}>
        {FIELDS.map(({ id, label, placeholder }, index) => (
          <TextField
            key={id}
            label={label}
            value={sheet[id]}
            placeholder={placeholder}
            // A pasted key is a secret; a path is not, and the user needs to see what they typed.
            mask={id === 'privateKey' && !looksLikeKeyPath(sheet[id])}
            focused={focus === index && !busy}
            onChange={(value) => {
              preview.reset();
              setErrors(({ [id]: _stale, ...rest }) => rest);
              onChange({ ...sheet, [id]: value });
            }}
            error={errors[id]}
          />
        ))}
      </Box>
      {busy && <Spinner label="reading the sheet…" />}
      <FieldError
        message={preview.state.status === 'failed' ? preview.state.message : undefined}
        indent={0}
      />
    </StepBody>
  );
}
