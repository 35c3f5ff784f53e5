"""Task records: crashes (the delivery cap), the running delivery's id, when the
message reached the broker, and an index for the operations page's last-day
figures.

Revision ID: task_ops
Revises: answer_media
Create Date: 2026-12-03 20:08:10.692817

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'task_ops'
down_revision = 'answer_media'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('task_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('crashes', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('delivery_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('enqueued_at', sa.DateTime(), nullable=True))
        batch_op.create_index('ix_task_records_finished_at', ['finished_at'], unique=False)
    # Records that exist already were sent (or failed when sending): mark them
    # sent, so the periodic check does not send them a second time.
    op.execute("UPDATE task_records SET enqueued_at = queued_at WHERE state = 'queued'")


def downgrade():
    with op.batch_alter_table('task_records', schema=None) as batch_op:
        batch_op.drop_index('ix_task_records_finished_at')
        batch_op.drop_column('enqueued_at')
        batch_op.drop_column('delivery_id')
        batch_op.drop_column('crashes')
