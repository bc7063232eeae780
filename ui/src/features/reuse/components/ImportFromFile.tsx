import { useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Field, useErrorMessage, useToast } from '@/components/ui';
import { ApiError } from '@/lib/api-client';
import type { ReuseProfile } from '@/types/api';
import { useImportReuseProfile } from '../api';
import { profileErrorLines } from '../profile-errors';

/** The API takes request bodies up to 1 MiB; a profile is a few kilobytes. */
const MAX_BYTES = 1_000_000;

function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

/**
 * "Profil aus Datei übernehmen" (cdo): a profile document from another Ideenwerk, checked
 * here only for being a JSON object; the API checks it against the format and answers with
 * one field error per violation, listed readably.
 */
export function ImportFromFile() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const importProfile = useImportReuseProfile();
  const input = useRef<HTMLInputElement>(null);
  const [doc, setDoc] = useState<{ profile: ReuseProfile } | null>(null);
  const [fileError, setFileError] = useState<string>();

  const onFile = async (files: FileList | null) => {
    importProfile.reset();
    setDoc(null);
    setFileError(undefined);
    const file = files?.[0];
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setFileError(t('reuse.file.tooLarge'));
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readText(file));
    } catch {
      setFileError(t('reuse.file.notJson'));
      return;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      setFileError(t('reuse.file.notProfile'));
      return;
    }
    setDoc({ profile: parsed as ReuseProfile });
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!doc) {
      if (!fileError) setFileError(t('reuse.file.chooseFirst'));
      input.current?.focus();
      return;
    }
    importProfile.mutate(
      { profile: doc.profile },
      {
        onSuccess: (idea) => {
          toast.success(t('reuse.imported', { title: idea.title }));
          navigate(`/ideas/${idea.id}`);
        },
      },
    );
  };

  const err = importProfile.error;
  const invalid = err instanceof ApiError && err.code === 'invalid' && err.fields.length > 0;
  const title = typeof doc?.profile.title === 'string' ? doc.profile.title : '';
  const municipality = typeof doc?.profile.municipality?.name === 'string' ? doc.profile.municipality.name : '';

  return (
    <section className="card" aria-labelledby="reuse-file-h">
      <h2 id="reuse-file-h" className="card__title">
        {t('reuse.file.title')}
      </h2>
      <p>{t('reuse.file.intro')}</p>
      <form noValidate onSubmit={onSubmit} className="stack stack--sm">
        <Field label={t('reuse.file.choose')} error={fileError} id="reuse-file">
          <input ref={input} type="file" accept=".json,application/json" onChange={(e) => void onFile(e.target.files)} />
        </Field>
        <p className="meta mb-0" role="status">
          {title && municipality ? t('reuse.file.selected', { title, municipality }) : ''}
        </p>
        <div>
          <Button type="submit" variant="primary" loading={importProfile.isPending}>
            {t('reuse.file.submit')}
          </Button>
        </div>
      </form>
      {err && (
        <div className="mt-4">
          {invalid ? (
          <Alert kind="error" title={t('reuse.file.invalidTitle')} live>
            <p>{t('reuse.file.invalidIntro')}</p>
            <ul>
              {profileErrorLines(t, err.fields).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </Alert>
          ) : (
            <Alert kind="error" live>
              {errorMessage(err)}
            </Alert>
          )}
        </div>
      )}
    </section>
  );
}
