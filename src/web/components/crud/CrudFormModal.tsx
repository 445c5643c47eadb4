import { Alert, App, Button, Form, Modal } from "antd";
import { useState } from "react";
import { api } from "../../api/client.js";
import { showFormError, validateWithSchema } from "../formErrors.js";
import { confirmIcon } from "../quietIcons.js";
import type { CrudConfig } from "./CrudPage.js";

interface Props<T extends { id: string; active: boolean }, V extends object, I> {
  config: CrudConfig<T, V, I>;
  editing: T | null;
  onSaved: () => Promise<void>;
  /** after the closing animation */
  onClosed: () => void;
}

export function CrudFormModal<T extends { id: string; active: boolean }, V extends object, I>({
  config,
  editing,
  onSaved,
  onClosed,
}: Props<T, V, I>) {
  const [form] = Form.useForm<V>();
  const { message, modal } = App.useApp();
  const [open, setOpen] = useState(true);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  async function save(values: V) {
    setFormError(null);
    const input = config.toInput({ ...config.emptyValues, ...values }, editing);
    if (!validateWithSchema(form, config.schema(editing), input, config.rename)) return;
    setSaving(true);
    try {
      const saved = editing
        ? await api.patch<T>(`${config.resource}/${encodeURIComponent(editing.id)}`, input)
        : await api.post<T>(config.resource, input);
      if (config.afterSave) await config.afterSave(saved, { ...config.emptyValues, ...values }, editing);
      const o = config.feminine ? "a" : "o";
      message.success(editing ? `${config.noun} salv${o}` : `${config.noun} cadastrad${o}`);
      await onSaved();
      setOpen(false);
    } catch (e) {
      showFormError(form, e, setFormError, config.rename);
    } finally {
      setSaving(false);
    }
  }

  function cancel() {
    if (!form.isFieldsTouched() || saving) {
      setOpen(false);
      return;
    }
    modal.confirm({
      icon: confirmIcon,
      title: "Descartar alterações?",
      content: "As alterações feitas não foram salvas.",
      okText: "Descartar",
      okButtonProps: { danger: true },
      cancelText: "Continuar editando",
      onOk: () => setOpen(false),
    });
  }

  const title = editing
    ? `Editar ${config.noun.toLowerCase()}: ${config.displayName(editing)}`
    : `${config.feminine ? "Nova" : "Novo"} ${config.noun.toLowerCase()}`;

  return (
    <Modal
      open={open}
      title={title}
      width={config.modalWidth ?? 640}
      onCancel={cancel}
      afterClose={onClosed}
      mask={{ closable: false }}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={cancel}>
          Cancelar
        </Button>,
        <Button key="save" type="primary" loading={saving} onClick={() => form.submit()}>
          Salvar
        </Button>,
      ]}
    >
      {formError && (
        <Alert type="error" showIcon role="alert" title={formError} style={{ marginBottom: 16 }} closable />
      )}
      <Form<V>
        form={form}
        layout="vertical"
        name={config.queryKey}
        initialValues={editing ? config.toValues(editing) : config.emptyValues}
        onFinish={save}
        scrollToFirstError
        disabled={saving}
      >
        {config.renderFields(editing, form)}
      </Form>
    </Modal>
  );
}
